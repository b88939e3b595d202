// The RabbitMQ transport on amqplib: connection management, the AMQP codec, the producing side
// (rabbitmq-transport.ts) and the consuming side (consumer.ts).
export { RabbitMQTransport, type RabbitMQTransportOptions } from './rabbitmq-transport';
export { type RabbitMQReconnectOptions } from './rabbitmq-connection';
